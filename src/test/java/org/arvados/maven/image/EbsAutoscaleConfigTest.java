package org.arvados.maven.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The config the image hands the EBS autoscaler, against the fork's own (../shared/third-party). */
class EbsAutoscaleConfigTest {
    @Test
    void everyFieldOfTheForksConfigWithItsType() throws Exception {
        EbsAutoscalerSource.assertFollowsTheSchema(new ObjectMapper().readTree(EbsAutoscaleConfig.defaults().toJson()));
    }
}
